"""Teachers' own course cycle (K-2, K-4, K-6): a school's private staff list and the courses taken."""
