"""People: accounts, sign-in, profiles and roles."""
