"""Lead storage, normalization keys and de-duplication."""
