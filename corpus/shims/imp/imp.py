# Test-only stand-in for 'imp' (removed in 3.12): python-zstandard 0.13's tests use it only to
# add an optional cffi variant, which this makes them skip on every Python alike.
def find_module(*args, **kwargs):
    raise ImportError("imp stand-in")


def load_module(*args, **kwargs):
    raise ImportError("imp stand-in")
