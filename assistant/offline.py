"""Offline switches that must be set before any heavy import.

Importing this module (the package ``assistant`` does it first) keeps Hugging Face, Chroma and Gradio from
reaching the network: models come from local paths only and no telemetry is sent. This is the one place
allowed to write environment variables on its own, because these switches are read at import time by
the libraries themselves.
"""

import os

OFFLINE_SWITCHES = {
    "HF_HUB_OFFLINE": "1",
    "TRANSFORMERS_OFFLINE": "1",
    "HF_HUB_DISABLE_TELEMETRY": "1",
    "ANONYMIZED_TELEMETRY": "False",
    "GRADIO_ANALYTICS_ENABLED": "False",
    "TOKENIZERS_PARALLELISM": "false",
}

for _name, _value in OFFLINE_SWITCHES.items():
    os.environ.setdefault(_name, _value)
