"""Panal: regional platform for the productive development of MiPymes and cooperatives."""
