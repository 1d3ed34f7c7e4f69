"""What a trained run gives away: a generator exported as a SavedModel, and latent walks."""
