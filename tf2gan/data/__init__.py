"""Where examples come from (IDX files, TensorFlow Datasets, the offline sample) and how they are batched."""
