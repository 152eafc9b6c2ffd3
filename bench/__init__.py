"""Benchmarks of the register: a synthetic register generator, a bare-route baseline and a load runner."""
