"""Helpers shared by the tests and the benchmarks; the service itself never imports this package."""
