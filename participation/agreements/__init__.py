"""The agreements domain."""
