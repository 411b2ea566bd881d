"""``harrier audit-dataset``: audit an image dataset with the image detectors (docs/AUDIT.md)."""
