"""Site-wide pages (home, language, health) and the mail outbox."""
