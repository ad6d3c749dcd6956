//! The methods protoc-gen-go adds after `google.protobuf.Timestamp` and
//! `google.protobuf.Duration`.

/// What follows the `google.protobuf.Timestamp` struct.
pub(super) const TIMESTAMP: &str = r#"// Now constructs a new Timestamp from the current time.
func Now() *Timestamp {
	return New($time.Now$())
}

// New constructs a new Timestamp from the provided time.Time.
func New(t $time.Time$) *Timestamp {
	return &Timestamp{Seconds: int64(t.Unix()), Nanos: int32(t.Nanosecond())}
}

// AsTime converts x to a time.Time.
func (x *Timestamp) AsTime() $time.Time$ {
	return $time.Unix$(int64(x.GetSeconds()), int64(x.GetNanos())).UTC()
}

// IsValid reports whether the timestamp is valid.
// It is equivalent to CheckValid == nil.
func (x *Timestamp) IsValid() bool {
	return x.check() == 0
}

// CheckValid returns an error if the timestamp is invalid.
// In particular, it checks whether the value represents a date that is
// in the range of 0001-01-01T00:00:00Z to 9999-12-31T23:59:59Z inclusive.
// An error is reported for a nil Timestamp.
func (x *Timestamp) CheckValid() error {
	switch x.check() {
	case invalidNil:
		return $protoimpl.X$.NewError("invalid nil Timestamp")
	case invalidUnderflow:
		return $protoimpl.X$.NewError("timestamp (%v) before 0001-01-01", x)
	case invalidOverflow:
		return $protoimpl.X$.NewError("timestamp (%v) after 9999-12-31", x)
	case invalidNanos:
		return $protoimpl.X$.NewError("timestamp (%v) has out-of-range nanos", x)
	default:
		return nil
	}
}

const (
	_ = iota
	invalidNil
	invalidUnderflow
	invalidOverflow
	invalidNanos
)

func (x *Timestamp) check() uint {
	const minTimestamp = -62135596800  // Seconds between 1970-01-01T00:00:00Z and 0001-01-01T00:00:00Z, inclusive
	const maxTimestamp = +253402300799 // Seconds between 1970-01-01T00:00:00Z and 9999-12-31T23:59:59Z, inclusive
	secs := x.GetSeconds()
	nanos := x.GetNanos()
	switch {
	case x == nil:
		return invalidNil
	case secs < minTimestamp:
		return invalidUnderflow
	case secs > maxTimestamp:
		return invalidOverflow
	case nanos < 0 || nanos >= 1e9:
		return invalidNanos
	default:
		return 0
	}
}
"#;

/// What follows the `google.protobuf.Duration` struct.
pub(super) const DURATION: &str = r#"// New constructs a new Duration from the provided time.Duration.
func New(d $time.Duration$) *Duration {
	nanos := d.Nanoseconds()
	secs := nanos / 1e9
	nanos -= secs * 1e9
	return &Duration{Seconds: int64(secs), Nanos: int32(nanos)}
}

// AsDuration converts x to a time.Duration,
// returning the closest duration value in the event of overflow.
func (x *Duration) AsDuration() $time.Duration$ {
	secs := x.GetSeconds()
	nanos := x.GetNanos()
	d := $time.Duration$(secs) * $time.Second$
	overflow := d/$time.Second$ != $time.Duration$(secs)
	d += $time.Duration$(nanos) * $time.Nanosecond$
	overflow = overflow || (secs < 0 && nanos < 0 && d > 0)
	overflow = overflow || (secs > 0 && nanos > 0 && d < 0)
	if overflow {
		switch {
		case secs < 0:
			return $time.Duration$($math.MinInt64$)
		case secs > 0:
			return $time.Duration$($math.MaxInt64$)
		}
	}
	return d
}

// IsValid reports whether the duration is valid.
// It is equivalent to CheckValid == nil.
func (x *Duration) IsValid() bool {
	return x.check() == 0
}

// CheckValid returns an error if the duration is invalid.
// In particular, it checks whether the value is within the range of
// -10000 years to +10000 years inclusive.
// An error is reported for a nil Duration.
func (x *Duration) CheckValid() error {
	switch x.check() {
	case invalidNil:
		return $protoimpl.X$.NewError("invalid nil Duration")
	case invalidUnderflow:
		return $protoimpl.X$.NewError("duration (%v) exceeds -10000 years", x)
	case invalidOverflow:
		return $protoimpl.X$.NewError("duration (%v) exceeds +10000 years", x)
	case invalidNanosRange:
		return $protoimpl.X$.NewError("duration (%v) has out-of-range nanos", x)
	case invalidNanosSign:
		return $protoimpl.X$.NewError("duration (%v) has seconds and nanos with different signs", x)
	default:
		return nil
	}
}

const (
	_ = iota
	invalidNil
	invalidUnderflow
	invalidOverflow
	invalidNanosRange
	invalidNanosSign
)

func (x *Duration) check() uint {
	const absDuration = 315576000000 // 10000yr * 365.25day/yr * 24hr/day * 60min/hr * 60sec/min
	secs := x.GetSeconds()
	nanos := x.GetNanos()
	switch {
	case x == nil:
		return invalidNil
	case secs < -absDuration:
		return invalidUnderflow
	case secs > +absDuration:
		return invalidOverflow
	case nanos <= -1e9 || nanos >= +1e9:
		return invalidNanosRange
	case (secs > 0 && nanos < 0) || (secs < 0 && nanos > 0):
		return invalidNanosSign
	default:
		return 0
	}
}
"#;
