"""Perceptual and cryptographic hashing, hash banks, the match index and near-duplicate clusters."""
