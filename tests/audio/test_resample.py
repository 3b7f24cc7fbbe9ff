from __future__ import annotations

import numpy as np

from newscaster.audio.resample import resample


def test_resampling_keeps_the_ends_and_the_shape() -> None:
    ramp = np.arange(5, dtype=np.float32)  # 0 1 2 3 4
    doubled = resample(ramp, 1000, 2000)
    assert doubled.dtype == np.float32 and len(doubled) == 10
    assert (doubled[0], doubled[-1]) == (0.0, 4.0)  # the first and last samples land on themselves
    assert np.all(np.diff(doubled) > 0)
    np.testing.assert_allclose(doubled, np.linspace(0, 4, 10), rtol=0, atol=1e-6)


def test_same_rate_or_no_samples_is_left_alone() -> None:
    samples = np.array([0.25, -0.5], np.float32)
    assert resample(samples, 24000, 24000) is samples
    empty = np.zeros(0, np.float32)
    assert resample(empty, 22050, 24000) is empty
