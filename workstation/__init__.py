"""数字城管坐席工作台 (seat-operator workstation) and its reference platform server."""
