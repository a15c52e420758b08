"""`python -m agent dev|console|start|download-files`: the LiveKit worker (agent/worker.py)."""

from agent.worker import main

if __name__ == "__main__":
    main()
