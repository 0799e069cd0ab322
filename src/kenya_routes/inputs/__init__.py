"""Inputs: what enters the flow, read and typed.

The project (its folders and settings), the data contract, each edition's
edition.yml and route table, the reference data, what the source documents
print, and the problems found in any of them, worded for a maintainer.
Nothing here decides whether data may be published: that is the validation gate.
"""
