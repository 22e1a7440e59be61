"""spark-submit entry file for the extraction job (the same options as ``ontherecord spark``).

    spark-submit --master yarn --deploy-mode cluster \\
        --archives ontherecord-env.tar.gz#environment \\
        --conf spark.pyspark.python=./environment/bin/python \\
        src/ontherecord/spark/entry.py s3a://news/cc-news/*.warc.gz s3a://news/attributions/

The master, deploy mode and resources come from spark-submit; docs/spark.md has the lines
for a standalone cluster, YARN and Kubernetes. ``--mode accurate``, ``--content-style`` and
``--reranker DIR``, ``--tagger`` work as in ``ontherecord spark`` (the same click command parses them).
"""

from ontherecord.commands.spark import command

if __name__ == "__main__":
    command(prog_name="spark-submit entry.py")
