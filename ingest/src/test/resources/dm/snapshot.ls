vg1-base-real	(254:11)
vg1-snap-cow	(254:12)
vg1-snap	(254:13)
vg1-base	(254:10)
