"""The desk's rules as plain typed functions: newsroom setup, permissions, scheduling, checks, threads."""
