"""Test, benchmark and research harness: not part of the shipped package."""
