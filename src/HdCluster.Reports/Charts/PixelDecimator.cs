namespace HdCluster.Reports.Charts;

/// <summary>
/// Thins a line of many points to what its pixels can show: within each pixel column it keeps the first,
/// lowest, highest and last point, in order, so spikes survive and the drawn shape does not change.
/// A line of 100 000 steps then costs a few thousand path points.
/// </summary>
public static class PixelDecimator
{
    public static IReadOnlyList<(double X, double Y)> Thin(IReadOnlyList<(double X, double Y)> pixels)
    {
        if (pixels.Count < 8)
        {
            return pixels;
        }

        var kept = new List<(double X, double Y)>();
        var start = 0;
        while (start < pixels.Count)
        {
            var column = Math.Floor(pixels[start].X);
            var end = start;
            while (end + 1 < pixels.Count && Math.Floor(pixels[end + 1].X) == column)
            {
                end++;
            }

            if (end - start < 4)
            {
                for (var i = start; i <= end; i++)
                {
                    kept.Add(pixels[i]);
                }
            }
            else
            {
                var low = start;
                var high = start;
                for (var i = start; i <= end; i++)
                {
                    if (pixels[i].Y < pixels[low].Y)
                    {
                        low = i;
                    }

                    if (pixels[i].Y > pixels[high].Y)
                    {
                        high = i;
                    }
                }

                foreach (var i in new[] { start, low, high, end }.Distinct().Order())
                {
                    kept.Add(pixels[i]);
                }
            }

            start = end + 1;
        }

        return kept;
    }
}
