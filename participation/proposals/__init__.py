"""Proposals of shared problems, supported per municipality."""
