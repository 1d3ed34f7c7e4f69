"""The judge of generated samples: a classifier of real digits, sample metrics and the Parzen estimate."""
