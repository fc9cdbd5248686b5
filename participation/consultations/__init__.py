"""The consultations domain."""
