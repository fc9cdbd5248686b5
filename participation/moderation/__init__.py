"""The moderation domain."""
