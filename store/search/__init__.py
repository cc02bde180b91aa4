"""Candidate search: which passages a query's terms can find, and how they score."""
