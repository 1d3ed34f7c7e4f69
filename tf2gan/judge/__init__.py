"""The judge of samples: a classifier of real digits, sample metrics, the Parzen estimate, copying."""
