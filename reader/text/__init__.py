"""Documents: the model and its loaders. Pure: no UI."""
