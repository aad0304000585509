"""Benchmark of the real pipeline at growing sizes (make bench)."""
