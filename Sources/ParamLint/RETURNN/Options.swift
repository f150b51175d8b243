/// The option names RETURNN reads, as far as loading parameters is concerned, and the preload
/// entry keys each engine's loader accepts (semantics sections 1.1–1.3).
public enum ReturnnOptions {
    /// Top-level options that decide what is loaded (all of them in `read`); misspelling one is silent.
    public static let loading: [String] = [
        "load", "load_epoch", "import_model_train_epoch1", "preload_from_files", "load_ignore_missing_vars",
        "start_epoch", "start_batch", "model", "task", "num_epochs", "allow_random_model_init", "backend",
        "use_tensorflow", "behavior_version", "network", "extern_data", "load_model_post_hooks",
    ]

    /// Every top-level option name RETURNN reads from its config: each literal name passed to one of
    /// `Config`'s readers (`value`, `bool`, `int`, `float`, `typed_value`, `opt_typed_value`, `list`,
    /// `has`, `is_true`, `is_typed`, `bool_or_other`, …) or looked up in `config.typed_dict`, anywhere
    /// in the installed RETURNN (1.20261022). Extracted by `Tests/Fixtures/options/extract_options.py`
    /// into `Tests/Fixtures/options/returnn_options.txt`; a test keeps this table equal to that list.
    /// A key that is not here is never read, so RETURNN ignores it silently.
    public static let read: Set<String> = [
        "EnableAutoNumpySharedMemPickling", "PYTORCH_CUDA_ALLOC_CONF", "SprintInterfacePythonFeatureScorer",
        "__debug_dummy_distributed_rank_and_size", "accum_grad_multiple_step", "adadelta", "adagrad", "adam",
        "allow_random_model_init", "allow_skipping_seqs_in_forward", "analyze_dataset",
        "apply_cleanup_old_models_to_optim_states", "backend", "batch_size", "batch_size_dev", "batch_size_train",
        "batching", "behavior_version", "bytes_in_use", "bytes_reservable_limit", "cache_size", "calculate_exp_loss",
        "check_learning_rates", "check_unsupported_device", "chunk_eval", "chunking", "chunking_variance",
        "cleanup_old_models", "combine_labels", "context_window", "conv_pad_seq_len_to_power", "ctc_prior_file",
        "data_key", "dataset_pipeline", "dataset_random_seed_offset", "debug_add_check_numerics_on_output",
        "debug_add_check_numerics_ops", "debug_grad_summaries", "debug_objective_loss_summaries",
        "debug_print_layer_output", "debug_print_layer_output_shape", "debug_print_layer_output_template",
        "debug_rec_layer", "debug_runtime_sanity_checks", "debug_save_updater_vars", "debug_shell_before_train_loop",
        "debug_shell_in_runner", "debug_shell_in_runner_step", "debug_unnormalized_loss_summaries",
        "decouple_constraints", "decouple_constraints_factor", "default_float_dtype", "default_input",
        "deterministic_train", "dev", "device", "distributed_tf", "dry_run", "dummy_dataset_num_seqs",
        "dynamic_learning_rate", "enforce_min_len1", "epoch", "epoch_end", "epoch_start", "eval", "eval_batch_size",
        "eval_datasets", "eval_learning_rate", "eval_output_file", "eval_output_file_per_seq", "eval_use_train_flag",
        "exclude", "extern_data", "extra_updates", "extract", "file_cache_opts", "flat_net_construction",
        "forward_auto_split_batch_on_oom", "forward_batch_size", "forward_callback", "forward_data",
        "forward_output_layer", "forward_override_hdf_output", "forward_step", "forward_use_search", "get_model",
        "get_network", "global_norm_tag", "gpu_local_cpu_affinity", "grad_clip", "grad_norm_to_clip_to_zero",
        "grad_scaler", "gradient_clip", "gradient_clip_avg_norm", "gradient_clip_global_norm",
        "gradient_clip_global_norm_tag", "gradient_clip_norm", "gradient_nan_inf_filter", "gradient_noise",
        "horovod_avg_grad", "horovod_dataset_distribution", "horovod_param_sync_step", "horovod_param_sync_time_diff",
        "horovod_reduce_type", "horovod_scale_lr", "hyper_param_tuning", "import_model_train_epoch1",
        "inc_seq_length", "inf_value", "init_new_network_callback", "init_train_epoch_posthook", "ipython", "jax_amp",
        "jax_compilation_cache_dir", "jax_data_prefetch", "jax_default_matmul_precision", "jax_jit",
        "jax_static_shapes", "jax_time_buckets", "learning_rate", "learning_rate_control",
        "learning_rate_control_error_measure", "learning_rate_control_min_num_epochs_per_new_lr",
        "learning_rate_control_relative_error_relative_lr", "learning_rate_decay", "learning_rate_file",
        "learning_rate_growth", "learning_rates", "lm_dataset_debug_limit_line_count", "load", "load_epoch",
        "load_ignore_missing_vars", "load_model_post_hooks", "log", "log_batch_size", "log_format", "log_grad_norm",
        "log_verbosity", "loss", "loss_name", "max_pad_size", "max_seq_length", "max_seqs", "max_total_num_seqs",
        "maximize_grad_norm", "min_chunk_size", "min_learning_rate", "min_seq_length", "model", "model_outputs",
        "momentum", "nadam", "need_data", "network", "newbob_error_threshold", "newbob_learning_rate_decay",
        "newbob_learning_rate_growth", "newbob_multi_num_epochs", "newbob_multi_update_interval",
        "newbob_relative_error_div_by_old", "newbob_relative_error_grow_threshold", "newbob_relative_error_threshold",
        "num_allowed_consec_invalid_gradient_steps", "num_epochs", "num_inputs", "num_outputs", "on_size_limit",
        "online_shuffle_batches", "onnx_export", "optimize_move_layers_out", "optimizer", "optimizer_epsilon",
        "optimizer_use_locking", "output_file", "output_per_seq_file_format", "output_per_seq_format",
        "packed_batch_cost", "packed_batch_cost_dev", "packed_batch_cost_train", "packed_batch_size",
        "packed_batch_size_dev", "packed_batch_size_train", "packed_fallback_allowed", "packed_tensors",
        "param_dropout", "param_dropout_min_ndim", "param_variational_noise", "patch_atfork", "peak_bytes_in_use",
        "preload_from_files", "pretrain", "pretrain_construction_algo", "pretrain_copy_output_layer",
        "pretrain_greedy", "pretrain_learning_rate", "pretrain_repetitions", "propagate_behavior_version_to_subprocs",
        "random_seed", "reinit_network_each_epoch", "reset_dev_memory_caches", "reset_updater_vars_mod_step",
        "restart_after_num_net_reinit", "rf_att_dropout_broadcast", "rf_batch_norm_distributed",
        "rf_conformer_conv_norm_use_mask", "rf_dropout_broadcast", "rf_module_output_keep_dtype",
        "rf_moments_float32", "rf_moments_use_fixed_masking", "rf_native_opt", "rf_packed_att_fast_paths",
        "rf_packed_warn_regap", "rf_scatter_use_fixed_masking", "rf_specaugment_num_masks_per_seq",
        "rf_use_consistent_same_padding", "rf_use_mask", "rmsprop", "save_epoch1_initial_model", "save_interval",
        "search_data", "search_do_eval", "search_output_file", "search_output_file_format", "search_output_layer",
        "search_train_network_layers", "seq_drop", "seq_drop_freq", "share_batches", "shuffle_batches",
        "shuffle_frames_of_nseqs", "sil_label_idx", "sort_dataset", "sparse_input", "sprint_interface_custom_dataset",
        "sprint_interface_dataset_opts", "sprint_trainer_exec_path", "start_batch", "start_epoch", "startup_callback",
        "statistics", "statistics_dtype", "statistics_save_prefix", "stop_for_resubmission_safety_factor",
        "stop_for_resubmission_when_low_time_left", "stop_on_nonfinite_train_score", "store_metadata_mod_step",
        "store_tf_profile", "target", "task", "tensorboard_opts", "tf_amp", "tf_cudnn_autotune",
        "tf_data_provider_capacity", "tf_jit", "tf_log_dir", "tf_log_memory_usage", "tf_native_ctc_zero_infinity",
        "tf_profile_step", "tf_profiler_logdir", "tf_run_options", "tf_session_opts", "tf_static_shapes", "torch_amp",
        "torch_batching", "torch_cuda_graph", "torch_dataloader_opts", "torch_dataloader_shard_workers",
        "torch_distributed", "torch_log_memory_usage", "torch_optimizer_step", "torch_profile", "torch_watch_stall",
        "train", "train_dummy_dataset_num_seqs", "train_in_eval", "train_step", "update_batch_size",
        "use_dummy_datasets", "use_horovod", "use_hot_reloading", "use_last_best_model",
        "use_learning_rate_control_always", "use_lovely_tensors", "use_tensorboard", "use_tensorflow",
        "use_train_proc_manager", "wandb_opts", "watch_memory", "web_server_port", "window", "wrap_tf_session",
    ]

    /// TF net-dict `CustomCheckpointLoader` keys (semantics 1.2); everything else is ignored silently.
    public static let tfPreloadKeys: [String] = [
        "filename", "prefix", "init_for_train", "ignore_missing", "ignore_params", "ignore_params_prefixes",
        "var_name_mapping", "custom_missing_load_func",
    ]

    /// Torch `_load_model` keys (semantics 1.3).
    public static let torchPreloadKeys: [String] = [
        "filename", "prefix", "init_for_train", "ignore_missing", "ignore_params", "ignore_params_prefixes",
        "var_name_mapping", "custom_missing_load_func", "checkpoint_key", "pattern",
    ]

    public static func preloadKeys(for backend: Backend) -> [String] {
        backend == .tf ? tfPreloadKeys : torchPreloadKeys
    }
}
