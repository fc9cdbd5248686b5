"""Threaded discussion attachable to anything commentable."""
