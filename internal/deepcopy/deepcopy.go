// Package deepcopy copies values deeply: every slice, map and pointer
// reachable through exported fields gets a copy of its own, so that
// changing the copy changes nothing of the original. The root's
// Report.FixedPlan copies the plan it fixes with it.
//
// Values whose fields are unexported (netip.Addr, netip.Prefix) are copied
// as they are: they are immutable values. Interfaces are copied as they
// are, not deeply. Nothing here does I/O or keeps state.
package deepcopy

import "reflect"

// Copy returns a deep copy of v. Its cost is linear in what v reaches; it
// does not follow cycles, so v must hold none.
func Copy[T any](v T) T {
	deep(reflect.ValueOf(&v).Elem())
	return v
}

// deep replaces, in place, every slice, map and pointer reachable from v
// through exported fields by a copy.
func deep(v reflect.Value) {
	switch v.Kind() {
	case reflect.Pointer:
		if v.IsNil() {
			return
		}
		c := reflect.New(v.Elem().Type())
		c.Elem().Set(v.Elem())
		deep(c.Elem())
		v.Set(c)
	case reflect.Slice:
		if v.IsNil() {
			return
		}
		c := reflect.MakeSlice(v.Type(), v.Len(), v.Len())
		reflect.Copy(c, v)
		for i := range c.Len() {
			deep(c.Index(i))
		}
		v.Set(c)
	case reflect.Map:
		if v.IsNil() {
			return
		}
		c := reflect.MakeMapWithSize(v.Type(), v.Len())
		for it := v.MapRange(); it.Next(); {
			val := reflect.New(it.Value().Type()).Elem()
			val.Set(it.Value())
			deep(val)
			c.SetMapIndex(it.Key(), val)
		}
		v.Set(c)
	case reflect.Struct:
		t := v.Type()
		for i := range t.NumField() {
			if t.Field(i).IsExported() {
				deep(v.Field(i))
			}
		}
	case reflect.Interface:
		// Left as they are.
	}
}
