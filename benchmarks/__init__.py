"""Benchmarks: Diplomap's figures side by side with what users would pick instead.

Run ``.venv/bin/python benchmarks/run.py``; the README keeps the latest table.
"""
