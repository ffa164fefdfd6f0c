#!/usr/bin/env bash
# Start N app processes on 127.0.0.1:8501.. with the production profile; nginx.conf balances them.
# DATABASE_URL (PostgreSQL) and GSP_COOKIE_KEY must be set in the environment: every process shares them.
set -euo pipefail
cd "$(dirname "$0")/.."
: "${DATABASE_URL:?set DATABASE_URL to the shared PostgreSQL}"
: "${GSP_COOKIE_KEY:?set GSP_COOKIE_KEY (32+ random bytes), the same for every process}"
set -a; source deploy/production.env; set +a
python -m models.migrate            # one schema upgrade before the processes start
for i in $(seq 1 "${1:-4}"); do
  port=$((8500 + i))
  mkdir -p log
  nohup streamlit run Home.py --server.port "$port" > "log/app-$port.log" 2>&1 &
  echo "app process on 127.0.0.1:$port (pid $!)"
done
