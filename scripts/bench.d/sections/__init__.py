"""One module per benchmark section; bench.py lists them in the order they run."""
