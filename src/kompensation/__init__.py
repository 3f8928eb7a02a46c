"""Kompensation: municipal case handling of disability-compensation schemes."""
