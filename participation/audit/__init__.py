"""The audit log: who did what to which item, when and why."""
