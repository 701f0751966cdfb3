"""Scoring, ranking and judge-consistency maths as pure functions over plain values.

No Django here: the adapter in `judging` loads scorecards, calls these functions and saves
what they return. Import the public interface from `judging.scoring`.
"""
