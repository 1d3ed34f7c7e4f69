"""The judge of samples: a digit classifier, the sample metrics, the Parzen estimate, copying."""
