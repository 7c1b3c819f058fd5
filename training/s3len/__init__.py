"""Output-length predictor training pipeline: prepare, train, evaluate, export."""
