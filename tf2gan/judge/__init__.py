"""The judge of generated samples: a classifier of real digits, the sample
metrics (Fréchet and kernel distances, precision and recall, the Parzen
estimate) and how close samples come to copying their training set."""
