"""The benchmark behind `python -m assess bench` and its rating simulator."""
