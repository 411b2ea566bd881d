"""Image detectors: safe decoding, AI provenance, faces and age, nudity."""
