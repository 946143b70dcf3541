"""Every test runs without a screen: Qt draws offscreen, as in CI."""

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
