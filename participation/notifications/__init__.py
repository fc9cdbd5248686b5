"""Events worth telling people about, follows, and their delivery."""
