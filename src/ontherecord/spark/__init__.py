"""Scale-out on Apache Spark: the extraction job, its row format, and loading its output.

* :func:`.partition.process_partition` — items → plain rows (no Spark needed);
* :mod:`.job` — the PySpark job behind ``ontherecord spark`` and :mod:`.entry` (spark-submit);
* :mod:`.load` — the Parquet output → a corpus store (``ontherecord load``).
"""
