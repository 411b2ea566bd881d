"""Pure per-item detectors: item (+ small context handed in by the pipeline) -> list[Signal]."""
