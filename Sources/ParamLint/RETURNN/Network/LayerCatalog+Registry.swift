/// The layer classes RETURNN 1.20261022's TF net-dict engine registers (every `layer_class` of
/// `returnn/tf/layers/*.py`, plus the aliases `hidden` and `forward`). A `class` outside this set
/// makes RETURNN raise "unknown layer class" (oracle case n56) unless the config registers its own.
extension LayerCatalog {
    static let returnnLayerClasses: Set<String> = [
        "accumulate_mean", "activation", "alternating_real_to_complex", "apply_length_distribution",
        "batch_median_pooling", "batch_norm", "batch_softmax", "boolean_mask", "cast", "choice",
        "choice_get_beam_scores", "choice_get_src_beams", "classes_to_length_distribution",
        "classes_to_length_distribution_global", "classes_to_segments", "combine", "combine_dims", "compare",
        "complex_linear_projection", "complex_to_alternating_real", "concat", "concat_attention", "cond", "constant",
        "conv", "copy", "ctc_loss", "cum_concat", "cumsum", "dct", "decide", "decide_keep_beam", "dot",
        "dot_attention", "dropout", "edit_distance", "edit_distance_table", "elemwise_prod", "eval", "expand_dims",
        "fast_bw", "fill_unused", "first_t_frames_noise_estimator", "flatten_batch", "flatten_time", "fold",
        "forced_align", "forward", "framewise_statistics", "gather", "gather_nd", "gating", "gauss_window_attention",
        "generic_attention", "get_last_hidden_state", "get_rec_accumulated", "global_train_step", "gradient",
        "hdf_dump", "hidden", "identity", "image_summary", "istft", "kenlm", "layer_norm", "length", "linear", "loss",
        "mask_based_gevbeamforming", "mask_based_mvdrbeamforming", "masked_computation", "math_norm",
        "mel_filterbank", "merge_dims", "multichannel_multiresolution_stft_layer", "multichannel_stft_layer", "norm",
        "normalize_length_scores", "optimal_completions", "pad", "parametric_wiener_filter", "pool",
        "positional_encoding", "postfix_in_time", "prefix_in_time", "print", "rand_int", "random",
        "random_state_init", "range", "range_from_length", "range_in_axis", "rec", "rec_last_output", "rec_unstack",
        "reduce", "reduce_out", "reinterpret_data", "relative_positional_encoding", "remove", "repeat", "reshape",
        "resize", "rnn_cell", "scaled_grad", "scatter_nd", "search_sorted", "segment_alignment", "segment_input",
        "self_attention", "seq_len_mask", "shift_axis", "signal_masking", "slice", "slice_nd", "softmax",
        "softmax_over_spatial", "source", "sparse_softmax_cross_entropy_with_logits", "split", "split_batch_beam",
        "split_batch_time", "split_concatenated_multichannel", "split_dims", "squeeze", "stack", "stft", "subnetwork",
        "swap_axes", "swap_time_feature", "switch", "synthetic_gradient", "tikhonov_regularization", "tile",
        "tile_features", "time_chunking", "time_unchunking", "top_k", "train_flag", "transpose", "transposed_conv",
        "twod_lstm", "unflatten_batch", "unflatten_nd", "unmask", "unsegment_input", "variable", "variable_assign",
        "variable_read", "weighted_sum", "window",
    ]
}
