"""voice-analytics: the data side of the voice trial agent.

Dataflow ships this package to its workers (`--setup_file ./setup.py`), so the core
requirements are only what the Beam job needs. The voice agent's stack lives in the
`agent` extra and test tooling in `dev`; exact versions known to work together are
locked in constraints.txt (the Makefile installs with `-c constraints.txt`).
"""

from setuptools import find_packages, setup

setup(
    name="voice-analytics",
    version="0.1.0",
    description="Session records from the voice trial agent, analysed and delivered.",
    python_requires=">=3.11",
    packages=find_packages(include=["agent*", "cli*", "generator*", "localapis*", "pipeline*",
                                    "schemas*", "transforms*"]),
    package_data={"schemas": ["contract/*.json", "bigquery/*.json"],
                  "pipeline.salesforce": ["routing.json"], "pipeline.alerts": ["alerts.json"]},
    install_requires=[
        "apache-beam[gcp]>=2.77,<2.78",
        "pydantic>=2.14,<3",
        "orjson>=3.13,<4",
        "duckdb>=2.0,<3",
        "vaderSentiment>=3.3.2,<4",
        "simple-salesforce>=1.12.10,<1.13",
        "amplitude-analytics>=1.3,<1.4",
        "requests>=2.32,<3",
        "slack_sdk>=3.47,<4",
        "phonenumbers>=9.0.43,<10",
    ],
    extras_require={
        "dev": [
            "pytest>=9,<10",
            "hypothesis>=6.170,<7",
            "jsonschema>=4.26,<5",
            "rfc3339-validator>=0.1.4,<0.2",
            "ruff>=0.17,<0.18",
            "cryptography>=44",
            "aiosmtpd>=1.4.6,<2",
            "lkml>=1.3.7,<2",
            "python-hcl2>=8.1.4,<9",
            "selenium>=4.51,<5",
        ],
        "dashboard": [
            "dash>=4.4,<5",
            "plotly>=7.1,<8",
        ],
        "agent": [
            "livekit-agents[openai,deepgram,cartesia,silero]>=1.8.9,<1.9",
        ],
    },
    entry_points={"console_scripts": ["voice-analytics = cli.main:main"]},
)
