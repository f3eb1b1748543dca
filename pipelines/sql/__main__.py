import sys

from pipelines.sql import main_sql

sys.exit(main_sql(sys.argv[1:]))
