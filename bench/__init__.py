"""Benchmarks for the reader. Speed is measured here and never asserted in tests.

python -m bench              everything (annotation pipeline, startup, keys, dictionary)
python -m bench annotate     the annotation pipeline against raw jieba
python -m bench startup      startup, keypress latency and dictionary lookups
"""
