/// The option names RETURNN reads, as far as loading parameters is concerned, and the preload
/// entry keys each engine's loader accepts (semantics sections 1.1–1.3).
public enum ReturnnOptions {
    /// Top-level options that decide what is loaded; misspelling one is silent.
    public static let loading: [String] = [
        "load", "load_epoch", "import_model_train_epoch1", "preload_from_files", "load_ignore_missing_vars",
        "start_epoch", "start_batch", "model", "task", "num_epochs", "allow_random_model_init", "backend",
        "use_tensorflow", "behavior_version", "network", "extern_data", "load_model_post_hooks",
    ]

    /// Other common RETURNN options: never reported as near-misses of the loading options.
    public static let otherKnown: Set<String> = [
        "train", "dev", "eval", "eval_datasets", "search_data", "forward_data", "batch_size", "max_seqs",
        "max_seq_length", "chunking", "learning_rate", "learning_rates", "learning_rate_control",
        "learning_rate_file", "min_learning_rate", "newbob_learning_rate_decay", "newbob_multi_num_epochs",
        "newbob_multi_update_interval", "optimizer", "adam", "gradient_clip", "gradient_noise",
        "gradient_clip_global_norm", "accum_grad_multiple_step", "device", "log", "log_verbosity",
        "log_batch_size", "save_interval", "cleanup_old_models", "pretrain", "get_network", "get_model",
        "train_step", "forward_step", "tf_log_memory_usage", "tf_session_opts", "debug_print_layer_output_template",
        "debug_mode", "truncation", "window", "num_inputs", "num_outputs", "target", "multiprocessing",
        "cache_size", "use_learning_rate_control_always", "search_output_layer", "search_output_file",
        "search_output_file_format", "search_do_eval", "output_file", "forward_override_hdf_output",
        "torch_dataloader_opts", "torch_amp", "torch_distributed", "torch_log_memory_usage", "update_on_device",
        "stop_on_nonfinite_train_score", "watch_memory", "num_workers", "torch_batching", "max_seq_length_default_target",
        "calculate_exp_loss", "default_input", "batching", "sortagrad", "epoch_split", "dataset", "seq_ordering",
        "load_data", "python_prolog", "python_epilog", "config", "dim", "sparse", "classes", "data",
        "model_outputs", "weight_decay", "decouple_constraints", "use_horovod", "horovod_reduce_type",
        "returnn_version", "nop_init_net_train", "init_new_network_callback", "dynamic_learning_rate",
        "learning_rate_control_error_measure", "learning_rate_control_relative_error_relative_lr",
        "learning_rate_control_min_num_epochs_per_new_lr", "newbob_relative_error_threshold",
        "allow_missing_optimizer_checkpoint", "preload_from_files_allow_missing", "compile", "log_stdout",
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
